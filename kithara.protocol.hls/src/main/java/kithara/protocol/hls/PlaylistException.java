package kithara.protocol.hls;

import java.util.Optional;

import kithara.api.source.SourceException;

/** A playlist that cannot be used: malformed, too large, or naming what may not be fetched. */
final class PlaylistException extends SourceException {

    private static final long serialVersionUID = 1L;

    PlaylistException(String playlist, String problem) {
        super(Reason.FAILED, playlist, Optional.empty(), new java.io.IOException("bad playlist: " + problem));
    }
}
