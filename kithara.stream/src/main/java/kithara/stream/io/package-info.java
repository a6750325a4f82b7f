/**
 * Blocking, cursor-owning views over {@link kithara.api.source.Source}s: {@link kithara.stream.io.SourceStream}
 * is what decoders read.
 */
@Export
@Version("1.0.0")
package kithara.stream.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
