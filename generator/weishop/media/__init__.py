"""Photos and drawn images: variants, metadata stripping, share cards, posters, fonts."""
