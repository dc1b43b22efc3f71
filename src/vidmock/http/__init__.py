"""HTTP request rules every vendor shares: media types and charsets, JSON bodies, body limits,
query and path parsing, ECMA-262 patterns, numerals, pagination, upload file names and the one
file part of an upload, served files (ranges and conditional requests), validators that name
the field at fault (with quick checks of simple parameter schemas), the request Connexion's layers
read, and errors in each vendor's shape."""
