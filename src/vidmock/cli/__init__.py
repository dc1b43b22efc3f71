"""The `vidmock` command line: a thin click layer (serve, the control API's commands, contract runs)
over functions tests call directly."""
