"""The public survey journey and public pages (blueprint ``surveys``)."""
