/** Filter design: taps for the FIR filters convstream and its users build (low-pass, ...). */
package dev.convstream.filter;
