"""The templates and styles shipped with the package (for installs outside a checkout)."""
