"""HTTPS beside plain HTTP (`vidmock serve --https-port`): the local certificate authority and
the server certificate it issues (`certificates`), and several uvicorn servers over one app in
one event loop (`servers`)."""
