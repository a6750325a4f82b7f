/**
 * Events that Kithara publishes, to typed listeners and to EventAdmin topics under {@code kithara/}.
 */
@Export
@Version("2.1.0")
package kithara.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
