"""Demonstration and benchmark data: realistic generated Shenyang registries."""
