"""The Presidency's work (issue 22): representation, international cooperation, admissions
and the follow-up of the Lineamientos."""
