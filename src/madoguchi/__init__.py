"""Madoguchi: one-stop counter for Japanese municipalities."""
