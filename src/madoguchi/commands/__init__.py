"""Command-line tools that need no Django; `madoguchi <name>` calls `<name>.run(argv)`."""
