"""Reports built from the model's declarations and from runs: the validation report (HTML), the
interaction network and the model reference of the documentation."""
