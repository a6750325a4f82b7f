/**
 * Random-access byte sources, their outcomes, the shared timeline, and the {@code StreamType} services that open them.
 */
@Export
@Version("2.0.0")
package kithara.api.source;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
