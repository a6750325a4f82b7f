/**
 * What applications use: the {@code AudioService}, the {@code Resource} it opens and the {@code PcmReader} view, play
 * queues and the {@code Player} that plays one into an {@code AudioSink}.
 */
@Export
@Version("1.6.0")
package kithara.api.audio;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
