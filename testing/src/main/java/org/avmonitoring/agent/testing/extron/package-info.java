/**
 * An Extron SIS device simulator written from Extron's user guides (SIS sections): copyright banner and date on
 * connect, {@code Password:} prompt and {@code Login Administrator}/{@code Login User}, the common queries
 * {@code Q}, {@code N}, {@code I}, the temperature ({@code Esc 20STAT}) and signal presence ({@code 0LS}) queries of
 * the products that have them, {@code E10} for the others; many devices on loopback addresses, fault modes.
 */
@Export
@Version("1.0.0")
package org.avmonitoring.agent.testing.extron;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
