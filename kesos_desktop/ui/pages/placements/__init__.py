"""Penempatan: children placed with partner pesantren and LKSA (PP 44/2017), the partners' periodic reports, and the
end of a placement (a child who ran away is marked clearly)."""
