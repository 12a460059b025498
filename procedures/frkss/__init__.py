"""The FRKSS design form (Formulir Rancangan Kegiatan Statistik Sektoral): its
blocks as Django forms, what applies to which collection way, completeness, and
the code lists. Pure definitions with no models: applications store what these
forms clean, the examination and the letters read it."""
