"""What translators work with: UI catalogs (POT/PO), translation status, new locales."""
