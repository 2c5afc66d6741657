"""The member roster: rules, service, Excel import and export."""
