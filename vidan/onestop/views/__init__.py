"""The one-stop desk's pages, one module per audience: what anyone reads (public), the citizen's online
submission (online), the desk's back office (desk), the catalogue there (catalogue), the official papers
(paperwork) and the figures (statistics)."""
