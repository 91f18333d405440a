"""Calibration: targets, fitting, estimation, experiments, historical episodes."""
