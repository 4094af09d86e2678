// The demo page's script.
