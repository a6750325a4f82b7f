/**
 * Decoders chosen among {@code DecoderProvider} services: the input they read and the PCM they produce.
 */
@Export
@Version("1.2.0")
package kithara.api.decode;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
