"""Scripts that rebuild the checker's models from ../shared/data and measure them
(make train, make eval)."""
