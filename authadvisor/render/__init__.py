"""Pure renderers: result objects in, text out. No click, no I/O."""
