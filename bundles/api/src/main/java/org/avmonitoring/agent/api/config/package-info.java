/**
 * The site configuration ({@code config.json}) as a service: read it, change it with validation, be told of changes.
 */
@Export
@Version("1.2.0")
package org.avmonitoring.agent.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
