"""The subcommands, one module per family; `cli` imports each only when it runs."""
