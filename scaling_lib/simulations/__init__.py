"""Seeded, vectorised simulations behind the book's toy experiments (computation only)."""
