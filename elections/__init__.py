"""Electoral assistance and government–media relations."""
