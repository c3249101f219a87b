"""What a build leaves on disk: atomic files, the build cache, release files, git provenance."""
