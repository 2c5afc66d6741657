"""The city mode of the GUI (`branchdesk --city`)."""
