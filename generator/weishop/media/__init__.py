"""Photos and drawn images: variants, metadata stripping, share cards, fonts (posters are drawn in the browser: poster.js)."""
