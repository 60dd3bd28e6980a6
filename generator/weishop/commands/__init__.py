"""The CLI's other commands: check, deploy, gh-pages, init/new (scaffold, with its starter shop)."""
