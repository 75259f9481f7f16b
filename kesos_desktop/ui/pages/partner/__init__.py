"""Anak Binaan Kami: the partner (mitra) user's view — only the children placed with their own institution."""
