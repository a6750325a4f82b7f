/**
 * The shared {@code Downloader}: peers, fetch commands with priorities, response sinks and bandwidth samples.
 */
@Export
@Version("1.2.0")
package kithara.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
