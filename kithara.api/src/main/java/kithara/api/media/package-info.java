/**
 * Media vocabulary: codecs, containers, what is known about a stream, and PCM formats.
 */
@Export
@Version("1.0.0")
package kithara.api.media;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
