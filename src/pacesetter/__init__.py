"""Pacesetter: steer a city's industrial development with sourced figures."""

__version__ = "0.1.0"
