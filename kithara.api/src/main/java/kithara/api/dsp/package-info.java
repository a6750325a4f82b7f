/**
 * PCM processing: the {@code Resampler} service and {@code AudioEffect}s.
 */
@Export
@Version("1.0.0")
package kithara.api.dsp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
