"""Company-name matching: normalisation, keys and scoring, free of any database."""
