"""Typed resources, one module per API area; the same method names on sync and async clients."""
