"""Running the model: scenarios and calibrations, the integrators, the output contract."""
