/**
 * The one properties file read: {@link kz.qaqpa.settings.Settings} (typed reads of application.properties with
 * environment and {@code -D} overrides), {@link kz.qaqpa.settings.TypedSettings} (every typed setting checked before
 * the start makes anything), {@link kz.qaqpa.settings.KnownSettings} (a key the file does not know is warned of),
 * {@link kz.qaqpa.settings.GatewayProperties} (the configuration as Camel Main reads it, for the command-line tools),
 * {@link kz.qaqpa.settings.DataDirectory} (the data directory the settings name) and
 * {@link kz.qaqpa.settings.DemoDefaults} (with the test PKI off, a demo password or a demo address refused).
 */
package kz.qaqpa.settings;
