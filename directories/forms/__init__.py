"""Forms of the directories app."""
