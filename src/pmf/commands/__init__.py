"""pmf's commands, one module per kind of work; each registers its commands on ``pmf.cli.app``."""
