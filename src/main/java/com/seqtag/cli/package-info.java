/** The picocli command line (train, evaluate) over the same classes the service uses. */
package com.seqtag.cli;
