"""The 同步 page: exporting packages for the city, its returns and messages."""
