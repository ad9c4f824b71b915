"""Reports for the national committee: bilingual labels, charts, the annual report, suppression."""
