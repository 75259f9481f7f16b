"""Surat: the letter register (buku agenda surat keluar), issuing letters and receipts with a live preview, manual
numbers, voiding, SALINAN reprints, and the documents panel of one return plan."""
