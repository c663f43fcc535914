"""The Thai gazetteer: provinces, districts and subdistricts, and lookups on them."""
