/**
 * What applications use: the {@code AudioService}, the {@code Resource} it opens and the {@code PcmReader} view.
 */
@Export
@Version("1.3.0")
package kithara.api.audio;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
