"""One module per `kiroku` subcommand; each exposes a click `command`."""
