"""Where static files are stored in production: WhiteNoise's hashed, compressed copies."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (
            glob,
            tuple(
                p for p in rules if "sourceMappingURL" not in (p if isinstance(p, str) else p[0])
            ),
        )
        for glob, rules in patterns
    )


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed file names (cached for a year by browsers) and gzip/brotli copies, as WhiteNoise
    serves them, except that source-map comments are left as they are: wagtail-nhsuk-frontend
    ships a stylesheet naming a `.map` file it does not include, and rewriting that comment
    would stop `collectstatic` with "could not be found". Source maps only matter to browser
    developer tools, which then report the map missing."""

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
